/**
 * The console's words (spec §7): every label in French and English, French by default. One table per language,
 * the same keys in both (TypeScript checks it), so a label missing in one language does not compile.
 */

export const CONSOLE_LANGUAGES = ['fr', 'en'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: ConsoleLanguage = 'fr';

const fr = {
  'app.title': 'Réinstallation au Québec',
  'app.skip': 'Passer au contenu principal',
  'app.language': 'English',
  'app.languageName': 'Langue',
  'app.signedInAs': 'Connecté : {name} ({role})',
  'app.signOut': 'Se déconnecter',
  'app.home': 'Mon travail',
  'signIn.title': 'Connexion',
  'signIn.intro': 'Connectez-vous pour voir le travail qui vous attend.',
  'signIn.provider': "Se connecter avec le fournisseur d'identité de l'organisation",
  'signIn.dev.title': 'Connexion de développement',
  'signIn.dev.warning': "Réservée au développement : aucun mot de passe n'est demandé.",
  'signIn.dev.role': 'Rôle',
  'signIn.dev.name': 'Nom',
  'signIn.dev.group': 'Groupe de parrainage (parrains seulement)',
  'signIn.dev.submit': 'Se connecter',
  'signIn.failed': "La connexion auprès du fournisseur d'identité n'a pas abouti : essayez de nouveau.",
  'signIn.noRole': "Votre compte n'a aucun rôle de la console (midi, roc-o, migration-officer, sponsor, ops) : demandez-en un à votre administrateur.",
  'signIn.none': "Aucune connexion n'est configurée : définissez AUTH_OIDC_ISSUER, ou CONSOLE_DEV_SIGN_IN=true en développement.",
  'role.midi': 'MIDI (ministère de l’Immigration du Québec)',
  'role.roc-o': 'ROC-O (Centre des opérations de réinstallation, Ottawa)',
  'role.migration-officer': "Agent d'immigration à l'étranger",
  'role.sponsor': 'Groupe de parrainage',
  'role.ops': 'Opérations',
  'error.title': 'Erreur',
  'error.back': 'Retour',
  'error.signInAgain': 'Votre session a expiré : connectez-vous de nouveau.',
  'error.formExpired': 'Ce formulaire a expiré ou ne vient pas de la console : rechargez la page et envoyez-le de nouveau.',
  'error.request': "La demande n'a pas pu être traitée.",
  'error.ours': "Une erreur s'est produite de notre côté ; elle a été consignée.",
} as const;

export type LabelKey = keyof typeof fr;

const en: Record<LabelKey, string> = {
  'app.title': 'Resettlement to Quebec',
  'app.skip': 'Skip to main content',
  'app.language': 'Français',
  'app.languageName': 'Language',
  'app.signedInAs': 'Signed in: {name} ({role})',
  'app.signOut': 'Sign out',
  'app.home': 'My work',
  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in to see the work that awaits you.',
  'signIn.provider': "Sign in with the organization's identity provider",
  'signIn.dev.title': 'Development sign-in',
  'signIn.dev.warning': 'For development only: no password is asked.',
  'signIn.dev.role': 'Role',
  'signIn.dev.name': 'Name',
  'signIn.dev.group': 'Sponsoring group (sponsors only)',
  'signIn.dev.submit': 'Sign in',
  'signIn.failed': 'Signing in with the identity provider did not succeed: try again.',
  'signIn.noRole': 'Your account has no role of the console (midi, roc-o, migration-officer, sponsor, ops): ask your administrator for one.',
  'signIn.none': 'No sign-in is configured: set AUTH_OIDC_ISSUER, or CONSOLE_DEV_SIGN_IN=true in development.',
  'role.midi': "MIDI (Quebec's immigration ministry)",
  'role.roc-o': 'ROC-O (Resettlement Operations Centre, Ottawa)',
  'role.migration-officer': 'Migration officer abroad',
  'role.sponsor': 'Sponsoring group',
  'role.ops': 'Operations',
  'error.title': 'Error',
  'error.back': 'Back',
  'error.signInAgain': 'Your session has expired: sign in again.',
  'error.formExpired': 'This form has expired or did not come from the console: reload the page and send it again.',
  'error.request': 'The request could not be handled.',
  'error.ours': 'Something went wrong on our side; it has been logged.',
};

const LABELS: Record<ConsoleLanguage, Record<LabelKey, string>> = { fr, en };

/** A label in `language`, its `{name}` placeholders filled from `values`. */
export function t(language: ConsoleLanguage, key: LabelKey, values: Record<string, string> = {}): string {
  return LABELS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Every key of both tables (tests check each language has every one, and no empty label). */
export function labelKeys(): LabelKey[] {
  return Object.keys(fr) as LabelKey[];
}

export function isConsoleLanguage(value: unknown): value is ConsoleLanguage {
  return (CONSOLE_LANGUAGES as readonly unknown[]).includes(value);
}
