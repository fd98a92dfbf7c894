#!/usr/bin/env node
// Thin entry: the compiled CLI does the work (npm ci builds it through `prepare`).
import '../dist/cli/run.js';
