/**
 * Words said in both of the product's languages (spec §7: French and English): what the rules answer when they
 * refuse, written once, in both, where the rule says it. Plain data, no locale machinery: the case's workflow uses
 * it (deterministic, no Node modules), and the API and the console choose one language to show.
 *
 * The French words of stages, outcomes and statuses live here too, so that a refusal's French names them as the
 * console does (console/i18n.ts takes its labels from these tables).
 */
import type { Language, Outcome, Stage } from './case-types';

/** One thing said in English and in French (the French of Quebec's administration). */
export interface Words {
  readonly en: string;
  readonly fr: string;
}

/** Words in English and French: `words('The CSQ is already issued.', 'Le CSQ est déjà délivré.')`. */
export function words(en: string, fr: string): Words {
  return { en, fr };
}

/** The words in `language`. */
export function say(w: Words, language: Language): string {
  return w[language];
}

/** The stages (spec §3) in French, as the console shows them. */
export const STAGE_FR: Readonly<Record<Stage, string>> = {
  'sponsorship-review': 'Évaluation du parrainage',
  'awaiting-pr-application': 'En attente de la demande de résidence permanente',
  'roc-o-intake': 'Accueil au ROC-O',
  'overseas-processing': "Traitement à l'étranger",
  'visa-issued': 'Visa délivré',
  'travel-booked': 'Voyage réservé',
  arrived: 'Arrivé',
  closed: 'Fermé',
};

/** The outcomes of a closed case (spec §3) in French, as the console shows them. */
export const OUTCOME_FR: Readonly<Record<Outcome, string>> = {
  'sponsorship-refused': 'Parrainage refusé',
  abandoned: 'Abandonné',
  refused: 'Refusé',
  'not-selected-by-quebec': 'Non sélectionné par le Québec',
  'visa-expired': 'Visa expiré',
  'sponsorship-withdrawn': 'Parrainage retiré',
  lapsed: 'Caduc',
  settled: 'Établi',
};

/** Decisions and statuses a refusal may name (a sponsorship's, a CSQ's, an effect's, …) in French, as the console shows them. */
export const STATUS_FR = {
  approved: 'approuvé',
  refused: 'refusé',
  issued: 'délivré',
  eligible: 'admissible',
  ineligible: 'non admissible',
  admissible: 'non interdit de territoire',
  inadmissible: 'interdit de territoire',
  pending: 'en cours',
  done: 'faite',
  failed: 'en échec',
  'not-requested': 'non demandé',
  requested: 'demandé',
  lapsed: 'caduc',
  awaiting: 'en attente',
  withdrawn: 'retiré',
} as const;

/** A stage's French words between French quotation marks (« Traitement à l'étranger »), or the code when unknown. */
export function stageFr(stage: string): string {
  return `« ${own(STAGE_FR, stage)} »`;
}

/** An outcome's French words, or the code when unknown. */
export function outcomeFr(outcome: string): string {
  return own(OUTCOME_FR, outcome);
}

/** A status's or decision's French words (`approved` → `approuvé`), or the code when unknown. */
export function statusFr(status: string): string {
  return own(STATUS_FR, status);
}

/** The table's own entry for `key`, or the key itself (never a property every object has). */
function own(table: Readonly<Record<string, string>>, key: string): string {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : key;
}
