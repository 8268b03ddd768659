import { Button, Group } from '@mantine/core';
import type { MouseEvent } from 'react';

// The controls every configuration list shares: the next page on demand, and the destructive
// action at the end of a row (which opens a confirmation, so it remembers its opener for focus).

interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

export function LoadMoreButton({ list, label }: { list: PagedList; label: string }) {
  if (!list.hasNextPage) return null;
  return (
    <Group justify="center">
      <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {label}
      </Button>
    </Group>
  );
}

export function DangerRowButton(props: {
  label: string;
  ariaLabel: string;
  onClick: (event: MouseEvent<HTMLButtonElement>) => void;
}) {
  return (
    <Button variant="subtle" color="red" size="xs" aria-label={props.ariaLabel} onClick={props.onClick}>
      {props.label}
    </Button>
  );
}
