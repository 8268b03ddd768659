import { Loader, Text } from '@mantine/core';
import { tableFeatures, useTable, type ColumnDef } from '@tanstack/react-table';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MemberColumn, Member } from './member-columns.ts';
import { nextGridPosition, type GridPosition } from './grid-navigation.ts';
import classes from './members-grid.module.css';

// The members list as a WAI-ARIA grid: one tab stop (the active cell), arrows/Home/End/PageUp/
// PageDown move it, Enter opens the member. Rows are virtualized (only those in view are in the
// DOM); the active row is always rendered so focus is never lost, and aria-rowindex/aria-rowcount
// tell assistive technology where a row sits in the whole list. The server pages the list: the
// next page loads as the end comes into view, and the table does no client-side sorting of a
// partial list.

const features = tableFeatures({});
const ROW_HEIGHT = 40;

export interface MembersGridProps {
  members: Member[];
  columns: MemberColumn[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  open(member: Member): void;
}

export function MembersGrid({ members, columns, hasMore, loadingMore, loadMore, open }: MembersGridProps) {
  const columnDefs = useMemo<ColumnDef<typeof features, Member>[]>(
    () => columns.map((c) => ({ id: c.id, header: c.header, accessorFn: (m: Member) => c.text(m) })),
    [columns],
  );
  const table = useTable({ features, columns: columnDefs, data: members, getRowId: (m) => m.id });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<GridPosition>({ row: 0, col: 0 });
  const [focusInside, setFocusInside] = useState(false);
  const activeRow = Math.min(active.row, Math.max(rows.length - 1, 0));

  const rangeExtractor = useCallback(
    (range: Range) => [...new Set([...defaultRangeExtractor(range), activeRow])].sort((a, b) => a - b),
    [activeRow],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 5,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && !loadingMore && lastVisible >= rows.length - 20) loadMore();
  }, [hasMore, loadingMore, lastVisible, rows.length, loadMore]);

  useEffect(() => {
    if (!focusInside) return;
    scroller.current?.querySelector<HTMLElement>(`[data-cell="${activeRow}:${active.col}"]`)?.focus();
  }, [activeRow, active.col, focusInside]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter') {
      const member = rows[activeRow]?.original;
      if (member) open(member);
      return;
    }
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const next = nextGridPosition({ row: activeRow, col: active.col }, event, {
      rows: rows.length,
      cols: columns.length,
      pageRows,
    });
    if (!next) return;
    event.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next.row, { align: 'auto' });
  }

  const template = columns.map((c) => c.width).join(' ');
  return (
    <div
      role="grid"
      aria-label="Members"
      aria-rowcount={hasMore ? -1 : rows.length + 1}
      aria-colcount={columns.length}
      className={classes.grid}
      onKeyDown={onKeyDown}
      onFocus={() => setFocusInside(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocusInside(false);
      }}
    >
      <div role="rowgroup" className={classes.head}>
        {table.getHeaderGroups().map((group) => (
          <div
            role="row"
            aria-rowindex={1}
            key={group.id}
            className={classes.row}
            style={{ gridTemplateColumns: template }}
          >
            {group.headers.map((header, col) => (
              <div role="columnheader" key={header.id} className={classes.cell} data-align={columns[col]?.align}>
                {String(header.column.columnDef.header)}
              </div>
            ))}
          </div>
        ))}
      </div>
      <div ref={scroller} className={classes.body} role="rowgroup">
        {rows.length === 0 && !loadingMore && (
          <Text c="dimmed" p="md">
            No members yet.
          </Text>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                role="row"
                key={row.id}
                aria-rowindex={item.index + 2}
                aria-selected={item.index === activeRow}
                className={classes.row}
                data-active={item.index === activeRow || undefined}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => setActive((a) => ({ row: item.index, col: a.col }))}
                onDoubleClick={() => open(row.original)}
              >
                {row.getAllCells().map((cell, col) => (
                  <div
                    role="gridcell"
                    key={cell.id}
                    data-cell={`${item.index}:${col}`}
                    tabIndex={item.index === activeRow && col === active.col ? 0 : -1}
                    className={classes.cell}
                    data-align={columns[col]?.align}
                    onFocus={() => setActive({ row: item.index, col })}
                  >
                    {String(cell.getValue())}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {loadingMore && (
          <div className={classes.more}>
            <Loader size="sm" aria-label="Loading more members" />
          </div>
        )}
      </div>
    </div>
  );
}
