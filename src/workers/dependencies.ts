/**
 * Builds the clients the activities need, once per process, from the config: the place where
 * vendors are chosen (real service or local emulator) and where they are closed again.
 */
import { Connection } from '@temporalio/client';
import type { ActivityDeps } from '../activities';
import type { AppConfig } from '../config';

export interface Dependencies {
  activityDeps: ActivityDeps;
  close(): Promise<void>;
}

export async function createDependencies(config: AppConfig, options: { temporalAddress: string }): Promise<Dependencies> {
  const temporal = await Connection.connect({ address: options.temporalAddress });
  const activityDeps: ActivityDeps = {
    health: {
      probes: {
        temporal: () => temporal.workflowService.getSystemInfo({}),
      },
    },
  };
  return {
    activityDeps,
    close: async () => {
      await temporal.close();
    },
  };
}
