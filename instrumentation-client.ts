import { z } from 'zod';

// Runs in the browser before the app's modules: zod 4 otherwise probes `new Function` when it builds
// an object schema, which the panel's CSP (no 'unsafe-eval') reports as a violation.
z.config({ jitless: true });
