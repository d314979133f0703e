/** Recognising the customer features in other people's headers, in several languages. */
import { headerKey } from './cells.ts';
import { CREDIT, INCOME, SPENDING } from './features.ts';

/**
 * How a header may name a feature, after accents, case and punctuation are dropped:
 * `inside`: anywhere in the header ("annualincome"); `starts`: at the start of one of its words
 * (short or common stems, so "accredited" is not credit and "Pacífico" is not FICO);
 * `unless`: anywhere in the header, means something else ("credit_card_count" is no credit score).
 */
interface Spelling {
  readonly name: string;
  readonly inside: readonly string[];
  readonly starts: readonly string[];
  readonly unless: readonly string[];
}

const SPELLINGS: readonly Spelling[] = [
  {
    name: INCOME,
    inside: ['income', 'salary', 'salaire', 'salario', 'einkommen', 'ingreso', 'reddito', 'inkomen', 'gehalt', 'earning'],
    starts: ['revenu', 'renda', 'wage'],
    // A customer's "revenue" is what the bank earns from them, not their income.
    unless: ['revenue'],
  },
  {
    name: SPENDING,
    inside: ['spend', 'expenditure', 'depense', 'despesa', 'ausgabe', 'uitgave', 'gasto', 'spesa', 'spese'],
    starts: ['expense'],
    unless: [],
  },
  {
    name: CREDIT,
    inside: [],
    starts: ['credit', 'kredit', 'krediet', 'fico', 'schufa', 'bonitat', 'bonitaet'],
    // Amounts, limits and counts of credit are not a credit score.
    unless: ['card', 'karte', 'kaart', 'tarjeta', 'carta', 'limit', 'line', 'linie', 'amount', 'montant', 'monto', 'importo', 'betrag',
      'balance', 'count', 'debt', 'util', 'history', 'length', 'loan'],
  },
];

/** The names of the features recognised, in the order they are proposed: income, spending, credit. */
export const KNOWN_FEATURES: readonly string[] = SPELLINGS.map((s) => s.name);

/** The words of a header, accents and case dropped, camelCase split: "CreditScore (FICO)" → credit, score, fico. */
function headerWords(header: string): string[] {
  return header.normalize('NFD').replace(/\p{M}+/gu, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** An identifier column ("customer_id", "ID", "Account number"): never a feature, whatever else its name says. */
export const looksLikeId = (header: string) => /(^|[^a-z])id$|^id|number$/i.test(header.replace(/\s+/g, ' ').trim()) || headerKey(header).endsWith('id');

/** Which known customer feature a header means ("annual_income", "Revenu annuel", "FICO" …), or null. */
export function recogniseFeature(header: string): string | null {
  if (looksLikeId(header)) return null;
  const key = headerKey(header);
  const words = headerWords(header);
  const means = (s: Spelling) =>
    (s.inside.some((stem) => key.includes(stem)) || s.starts.some((stem) => words.some((word) => word.startsWith(stem)))) &&
    !s.unless.some((other) => key.includes(other));
  return SPELLINGS.find(means)?.name ?? null;
}
