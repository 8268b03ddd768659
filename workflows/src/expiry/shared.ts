// Points expiry and hold deadlines of one program: the ledger's expire-due logic, run by the
// program's schedule (`expiry:<tenantId>:<programId>`) in batches until nothing is due.

export interface ProgramRef {
  tenantId: string;
  programId: string;
}

export interface ExpiryTotals {
  batches: number;
  membersAffected: number;
  pointsExpired: number;
  holdsVoided: number;
  holdsConfirmed: number;
}

export const expiryWorkflowId = (p: ProgramRef) => `expiry:${p.tenantId}:${p.programId}`;
