/** One run of each broker command, with the official CLI's arguments it needs. */
export const BROKER_COMMANDS: readonly (readonly string[])[] = [
  ['publish', '--consumer-app-version', 'abc123', '--branch', 'main'],
  [
    'can-i-deploy',
    '--pacticipant',
    'consumer',
    '--version',
    'abc123',
    '--to-environment',
    'production',
  ],
  [
    'record-deployment',
    '--pacticipant',
    'consumer',
    '--version',
    'abc123',
    '--environment',
    'production',
  ],
  ['create-environment', '--name', 'production'],
];
