/** One page of a paginated listing. */
export interface ListingPage<T> {
  readonly url: string;
  readonly pageNumber: number;
  readonly totalPages: number;
  readonly items: readonly T[];
  readonly prevUrl?: string | undefined;
  readonly nextUrl?: string | undefined;
}

/**
 * Splits items into pages of `perPage`: page 1 at `baseUrl`, page N at `baseUrl` + `page/N/`
 * (with a `/` between them when a permalink pattern has no trailing slash).
 * No empty trailing page; an empty listing is one empty page.
 */
export function paginate<T>(
  items: readonly T[],
  perPage: number,
  baseUrl: string,
): ListingPage<T>[] {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const folder = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const urlOf = (n: number) => (n === 1 ? baseUrl : `${folder}page/${n}/`);
  return Array.from({ length: totalPages }, (_, i) => {
    const pageNumber = i + 1;
    return {
      url: urlOf(pageNumber),
      pageNumber,
      totalPages,
      items: items.slice(i * perPage, (i + 1) * perPage),
      prevUrl: pageNumber > 1 ? urlOf(pageNumber - 1) : undefined,
      nextUrl: pageNumber < totalPages ? urlOf(pageNumber + 1) : undefined,
    };
  });
}
