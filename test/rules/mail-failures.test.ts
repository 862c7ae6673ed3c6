/** Rule 19 for notices: which mail failures are for good (the notice parked) and which pass (retried), in words without data. */
import { deliveryError } from '../../infra/mail-failures';

test('a 5xx to a recipient is a refusal for good, without the server\'s text (which repeats the address)', () => {
  const err = deliveryError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', message: '550 <jean@x.example> unknown' });
  expect(err).toMatchObject({ permanent: true, message: "The mail server refused the recipient's address for good (550 to RCPT)." });
  expect(err.message).not.toContain('jean');
});

test('a 5xx to the message, or a recipient nodemailer cannot address, is for good', () => {
  expect(deliveryError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })).toMatchObject({
    permanent: true,
    message: 'The mail server refused the notice for good (554 to DATA).',
  });
  expect(deliveryError({ code: 'EENVELOPE', message: 'No recipients defined' })).toMatchObject({
    permanent: true,
    message: "The recipient's address is not one an email can go to.",
  });
});

test('500 is the first answer for good, 499 (were a server to send it) is not', () => {
  expect(deliveryError({ code: 'EMESSAGE', responseCode: 500, command: 'DATA' }).permanent).toBe(true);
  expect(deliveryError({ code: 'EMESSAGE', responseCode: 499, command: 'DATA' }).permanent).toBe(false);
});

test('a refused login without an SMTP answer says so without a code', () => {
  expect(deliveryError({ code: 'EAUTH' }).message).toBe('The mail server refused our credentials: check SMTP_URL.');
});

test('a 4xx, a refused login, or no answer at all passes: retried with backoff', () => {
  expect(deliveryError({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })).toMatchObject({
    permanent: false,
    message: 'The mail server deferred the notice (451 to RCPT).',
  });
  expect(deliveryError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toMatchObject({
    permanent: false,
    message: 'The mail server refused our credentials (535 to AUTH): check SMTP_URL.',
  });
  expect(deliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ESOCKET' }))).toMatchObject({
    permanent: false,
    message: 'The mail server could not be reached (ECONNREFUSED).',
  });
  expect(deliveryError({ code: 'EPROTOCOL', responseCode: 421 })).toMatchObject({
    permanent: false,
    message: 'The mail server deferred the notice (421).',
  });
  expect(deliveryError({ code: 'ETIMEDOUT' })).toMatchObject({ permanent: false, message: 'The mail server could not be reached (ETIMEDOUT).' });
  expect(deliveryError(undefined)).toMatchObject({ permanent: false, message: 'The mail server could not be reached (no answer).' });
});
