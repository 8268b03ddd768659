export { loadStackConfig, type StackConfig } from './stack-config.ts';
export { createStack, stackDown, stackStatus, stackUp, type Stack } from './stack.ts';
