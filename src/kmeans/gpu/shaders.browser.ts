import assign from '../../../shaders/assign.wgsl?raw';
import reduce from '../../../shaders/reduce.wgsl?raw';
import silhouette from '../../../shaders/silhouette.wgsl?raw';
import type { ShaderSources } from './layout.ts';

/** The WGSL files, bundled as text by Vite (Node reads the same files from disk). */
export const browserShaders: ShaderSources = { assign, reduce, silhouette };
