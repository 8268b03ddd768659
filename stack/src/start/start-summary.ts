// What `npm start` prints once the platform answers: where everything runs, how to log in,
// where the logs are and how to stop. Pure, so its wording is tested without starting anything.

export interface StartSummary {
  readyAfterMs: number;
  api: string;
  relayMetrics: string;
  sinkMetrics: string;
  /** The Temporal worker's health address, and where its schedules are seen. */
  worker: { health: string; schedules: string };
  /** The services and where apps reach them, in start order. */
  services: { name: string; where: string }[];
  demo: { slug: string; ownerEmail: string; passwordFrom: string };
  /** Log files, as the person at the terminal would type them. */
  logs: string[];
  verbose: boolean;
}

export function startSummary(s: StartSummary): string[] {
  const row = (label: string, text: string) => `  ${label.padEnd(14)}${text}`;
  const seconds = (s.readyAfterMs / 1000).toFixed(1);
  return [
    '',
    `Loyalty Studio is running: the API answered /ready ${seconds} s after the launcher started.`,
    row('API', `${s.api}  (reference ${s.api}/docs)`),
    row('documentation', `${s.api}/guide/`),
    row('console', `${s.api}/console/  (desktop app: npm run console)`),
    row('relay, sink', `metrics ${s.relayMetrics}, ${s.sinkMetrics}`),
    row('worker', `health ${s.worker.health}; schedules ${s.worker.schedules}`),
    ...s.services.map((svc) => row(svc.name, svc.where)),
    row('demo login', `tenant "${s.demo.slug}", ${s.demo.ownerEmail}, password: ${s.demo.passwordFrom}`),
    row('demo history', 'filled in behind the running platform when missing; its progress shows below'),
    row('logs', s.logs.join('  ')),
    row('', s.verbose ? '(and here, verbose)' : 'to see them here too: npm start -- --verbose, or LOYALTY_VERBOSE=1'),
    row('stop', 'Ctrl-C stops the apps; the services run on until `npm run stack -- down`'),
    '',
  ];
}
