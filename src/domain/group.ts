/** A named set of users (the Default group holds everyone not placed elsewhere). */
export interface Group {
  id: string;
  /** Unique ignoring case. */
  name: string;
  note: string;
  created_at: number;
  updated_at: number;
}

/** What a write may change on a group. */
export type GroupPatch = Partial<Pick<Group, 'name' | 'note' | 'updated_at'>>;
