/**
 * The two labels that are not a cluster, shared by every export, reader and view. A customer a
 * density clustering finds in no cluster is NOISE (scikit-learn's -1: written as cluster -1,
 * segment "No segment"); a row the fit left out (a missing value, an excluded outlier) is
 * NOT_CLUSTERED (both cells empty).
 */
export const NOISE = -1;
export const NOT_CLUSTERED = -2;
export const NO_SEGMENT = 'No segment';
