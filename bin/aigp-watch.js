#!/usr/bin/env node
import '../dist/aigp-watch.js';
