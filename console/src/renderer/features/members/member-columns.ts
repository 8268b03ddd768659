import type { Schemas } from '@loyalty/sdk';
import type { Formatters } from '../formatting/formatters.ts';

// The members grid's columns as plain data: what each shows and how it aligns. The grid turns
// them into TanStack Table column definitions; here they are tested without a DOM.

export type Member = Schemas['Member'];

export interface MemberColumn {
  id: string;
  header: string;
  align: 'start' | 'end';
  /** A CSS grid track. */
  width: string;
  text(member: Member): string;
}

export function memberColumns(format: Formatters): MemberColumn[] {
  return [
    {
      id: 'externalId',
      header: 'External id',
      align: 'start',
      width: 'minmax(160px, 1.2fr)',
      text: (m) => m.externalId,
    },
    { id: 'name', header: 'Name', align: 'start', width: 'minmax(140px, 1fr)', text: (m) => m.name ?? '—' },
    { id: 'email', header: 'E-mail', align: 'start', width: 'minmax(180px, 1.4fr)', text: (m) => m.email ?? '—' },
    {
      id: 'available',
      header: 'Available points',
      align: 'end',
      width: 'minmax(150px, 0.8fr)',
      text: (m) => format.points(m.balance.available),
    },
    {
      id: 'lifetimeEarned',
      header: 'Lifetime earned',
      align: 'end',
      width: 'minmax(150px, 0.8fr)',
      text: (m) => format.points(m.balance.lifetimeEarned),
    },
    {
      id: 'createdAt',
      header: 'Joined',
      align: 'end',
      width: 'minmax(150px, 0.8fr)',
      text: (m) => format.date(m.createdAt, 'date'),
    },
  ];
}
