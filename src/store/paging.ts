/** One page of a list: `current` is 1-based, as RustDesk clients and the console send it. */
export interface PageRequest {
  current: number;
  pageSize: number;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export function offsetOf(page: PageRequest): number {
  return (page.current - 1) * page.pageSize;
}

/** Escapes LIKE wildcards so that a search for `50%` finds "50%" and nothing else. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
