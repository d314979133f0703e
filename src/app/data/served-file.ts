/** A file the page's own server hands it (kmeans open), named as the command line named it. */
export async function fetchServed(path: string, name: string): Promise<File> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`the command line's server answered ${response.status} for ${name}`);
  return new File([await response.blob()], name);
}
