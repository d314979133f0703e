/**
 * How the page sees its engine worker end: the worker is named `ENGINE_LIFE_PREFIX` + an id, holds
 * a Web Lock of that name for as long as it lives, and posts `ENGINE_ALIVE` once it holds it.
 */
export const ENGINE_LIFE_PREFIX = 'kmeans-engine ';
export const ENGINE_ALIVE = 'kmeans-engine-alive';
