/**
 * maildev's command line (same options), except that an SMTP client's failure — a TLS handshake it cannot complete,
 * a connection cut mid-command — is logged and no longer stops the whole inbox (maildev 2.2.1 rethrows it).
 */
const mailserver = require('maildev/lib/mailserver');

mailserver.onSmtpError = (err) => {
  console.error(`[inbox] an SMTP client failed (${err.code || err.message}); the inbox goes on`);
};

const MailDev = require('maildev');
new MailDev().listen();
