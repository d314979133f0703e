import type { BadRowChoice } from './csv-import.ts';

/**
 * Real, openly licensed financial datasets shipped beside the synthetic customers (the study's
 * "real-world financial datasets"). Each is a small Parquet file under `public/datasets/`, rebuilt
 * from the R package it came from by `npm run datasets` (scripts/build-datasets.ts), and opened
 * from the Data tab, a `?sample=` link or `kmeans open --sample NAME` with the mapping below.
 */
export interface SampleDataset {
  /** The name in links and on the command line. */
  readonly id: string;
  readonly title: string;
  /** The file under `public/datasets/` (served at `/datasets/<file>`). */
  readonly file: string;
  readonly rows: number;
  /** The three columns clustered, as named in the file. */
  readonly features: readonly [string, string, string];
  /** What the import does with rows missing one of the features. */
  readonly badRows: BadRowChoice;
  /** One or two sentences: what a row is and what the features mean. */
  readonly about: string;
  readonly source: { readonly text: string; readonly url: string };
  readonly licence: string;
  /** Where the rebuild script finds it: an R package installed from Debian, and the data set's name in it. */
  readonly r: { readonly package: string; readonly debian: string; readonly dataset: string };
}

export const SAMPLE_DATASETS: readonly SampleDataset[] = [
  {
    id: 'credit-scoring',
    title: 'Credit scoring applicants (Spain)',
    file: 'credit-scoring.parquet',
    rows: 4454,
    features: ['Income', 'Expenses', 'Amount'],
    badRows: 'drop',
    about: 'Loan applicants of a Spanish bank: monthly income and expenses, the amount asked for, assets, debt, '
      + 'the outcome (good or bad payer) and personal details. 381 applicants have no income and are left out of the clustering.',
    source: { text: "R package modeldata 1.1.0, credit_data (from Lluís A. Belanche Muñoz's CreditScoring data)", url: 'https://github.com/gastonstat/CreditScoring' },
    licence: 'MIT (modeldata, © Max Kuhn and Posit Software)',
    r: { package: 'modeldata', debian: 'r-cran-modeldata', dataset: 'credit_data' },
  },
  {
    id: 'lending-club',
    title: 'Lending Club borrowers, 2016 Q1',
    file: 'lending-club.parquet',
    rows: 9857,
    features: ['annual_inc', 'revol_util', 'int_rate'],
    badRows: 'drop',
    about: "Personal loans of the first quarter of 2016: the borrower's annual income (USD), how much of their revolving credit is in use (%), "
      + 'the interest rate the grade set (%), 20 more credit-history columns and the outcome.',
    source: { text: 'R package modeldata 1.1.0, lending_club (from Lending Club Statistics)', url: 'https://www.lendingclub.com/info/download-data.action' },
    licence: 'MIT (modeldata, © Max Kuhn and Posit Software)',
    r: { package: 'modeldata', debian: 'r-cran-modeldata', dataset: 'lending_club' },
  },
  {
    id: 'credit-card-applicants',
    title: 'Credit card applicants and their spending (US)',
    file: 'credit-card-applicants.parquet',
    rows: 1319,
    features: ['income', 'expenditure', 'active'],
    badRows: 'drop',
    about: 'Applicants for a credit card: yearly income (USD 10,000), average monthly card spending (USD), '
      + 'active credit accounts, derogatory reports, age and whether the card was granted.',
    source: { text: 'R package AER 1.2-10, CreditCard (from Greene, Econometric Analysis, 5th ed., 2003)', url: 'https://CRAN.R-project.org/package=AER' },
    licence: 'GPL-2 or GPL-3 (AER, © Christian Kleiber and Achim Zeileis)',
    r: { package: 'AER', debian: 'r-cran-aer', dataset: 'CreditCard' },
  },
];

/** The shipped dataset of this name, or null. */
export const sampleDataset = (id: string): SampleDataset | null => SAMPLE_DATASETS.find((dataset) => dataset.id === id) ?? null;

/** The names to choose from, for a message. */
export const sampleNames = (): string => SAMPLE_DATASETS.map((dataset) => dataset.id).join(', ');
