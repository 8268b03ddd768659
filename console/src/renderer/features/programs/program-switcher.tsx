import { Select } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { usePrograms } from './programs-query.ts';

export function ProgramSwitcher({ programId }: { programId: string }) {
  const programs = usePrograms();
  const navigate = useNavigate();
  return (
    <Select
      aria-label="Program"
      w={240}
      allowDeselect={false}
      checkIconPosition="right"
      value={programId}
      data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
      disabled={!programs.data}
      onChange={(id) => {
        if (id) void navigate({ to: '/programs/$programId/members', params: { programId: id } });
      }}
    />
  );
}
