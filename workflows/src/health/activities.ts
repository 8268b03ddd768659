import { Context } from '@temporalio/activity';

export function createHealthActivities() {
  return {
    async reportWorker(): Promise<{ attempt: number; workerTaskQueue: string }> {
      const info = Context.current().info;
      return { attempt: info.attempt, workerTaskQueue: info.taskQueue };
    },
  };
}

export type HealthActivities = ReturnType<typeof createHealthActivities>;
