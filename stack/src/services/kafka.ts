import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { StackConfig } from '../stack-config.ts';
import type { ServiceDefinition } from '../service.ts';
import { run } from '../process-control.ts';

// Apache Kafka in KRaft mode (one node acting as broker and controller) from the official jars
// that stack/bin/install.sh resolves with Maven. The version is pinned in stack/kafka/pom.xml:
// 3.9.x still speaks the protocol versions kafkajs 2.2 uses (Kafka 4 removed some, KIP-896).

export function kafkaVersion(config: StackConfig): string {
  const pom = fs.readFileSync(path.join(config.repoRoot, 'stack/kafka/pom.xml'), 'utf8');
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
  if (!version) throw new Error('stack/kafka/pom.xml does not pin <kafka.version>');
  return version;
}

export function kafkaService(config: StackConfig): ServiceDefinition {
  const { port, controllerPort, external } = config.kafka;
  const brokers = external ?? `127.0.0.1:${port}`;
  const home = path.join(config.dir, 'kafka');
  const dataDir = path.join(home, 'data');
  const propsFile = path.join(home, 'server.properties');
  const log4jFile = path.join(home, 'log4j.properties');
  const libs = () => path.join(config.cacheDir, `kafka-${kafkaVersion(config)}`, 'libs');
  const java = (mainClass: string, args: string[]) => [
    '-Xms256m',
    '-Xmx1g',
    '-XX:+UseG1GC',
    `-Dlog4j.configuration=file:${log4jFile}`,
    '-cp',
    `${libs()}/*`,
    mainClass,
    ...args,
  ];

  return {
    name: 'kafka',
    env: { KAFKA_BROKERS: brokers },
    external: external !== undefined,
    startTimeoutMs: 90_000,
    async probe() {
      const kafka = new Kafka({
        clientId: 'loyalty-stack-probe',
        brokers: brokers.split(','),
        logLevel: logLevel.NOTHING,
        connectionTimeout: 2_000,
        retry: { retries: 0 },
      });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length === 0) throw new Error('no broker registered yet');
      } finally {
        await admin.disconnect();
      }
    },
    async prepare() {
      requireJava();
      if (!fs.existsSync(path.join(libs(), '.complete'))) {
        throw new Error(`Kafka jars missing in ${libs()}: run stack/bin/install.sh (npm start / npm test run it)`);
      }
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(propsFile, serverProperties({ port, controllerPort, dataDir }));
      fs.writeFileSync(log4jFile, LOG4J);
      if (fs.existsSync(path.join(dataDir, 'meta.properties'))) return;
      const clusterId = crypto.randomBytes(16).toString('base64url');
      run('java', java('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', propsFile]));
    },
    process() {
      return { command: 'java', args: java('kafka.Kafka', [propsFile]) };
    },
  };
}

function requireJava(): void {
  try {
    run('java', ['-version']);
  } catch {
    throw new Error(
      'Java not found: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS',
    );
  }
}

function serverProperties(o: { port: number; controllerPort: number; dataDir: string }): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${o.dataDir}`,
    'num.partitions=3',
    // Topics are created explicitly by the code that owns them, never by a typo.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.org.apache.kafka=WARN',
  'log4j.logger.kafka=WARN',
  'log4j.logger.kafka.server.KafkaServer=INFO',
  'log4j.logger.kafka.server.KafkaRaftServer=INFO',
  'log4j.logger.state.change.logger=WARN',
  '',
].join('\n');
