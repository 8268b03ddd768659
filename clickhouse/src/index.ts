export * from './embedded-server/http-server.ts';
