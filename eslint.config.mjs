import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  // Tests navigate arbitrary JSON answers.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'data/**', '.e2e/**', 'next-env.d.ts'] },
];

export default config;
