import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  // Configuration is read once, in lib/env: nothing else reads process.env (scripts, tests and benches
  // set up processes and may; instrumentation.ts asks Next's own NEXT_RUNTIME).
  {
    files: ['**/*.ts', '**/*.tsx'],
    // scripts/ are launchers: they set up the environment of the processes they start.
    ignores: ['lib/env/**', 'tests/**', 'bench/**', 'scripts/**', '**/*.test.ts', 'instrumentation.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through getEnv() in lib/env.' }],
    },
  },
  // Tests navigate arbitrary JSON answers.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'data/**', '.e2e/**', 'next-env.d.ts'] },
];

export default config;
