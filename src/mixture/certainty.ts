/**
 * A customer whose likeliest component has less than this probability counts as uncertain (the
 * command line's share, the page's default for pale colouring and the "uncertain" filter).
 */
export const UNCERTAIN_BELOW = 0.8;
