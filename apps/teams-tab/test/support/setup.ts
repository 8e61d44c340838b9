// Per-file test setup: generous waits for Testing Library (the machine is shared; no test may depend on timing).
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 20_000 });
