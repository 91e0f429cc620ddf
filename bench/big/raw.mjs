// Registers raw-hooks.mjs: `node --import tsx --import ./bench/big/raw.mjs ...`.
import { register } from 'node:module';

register('./raw-hooks.mjs', import.meta.url);
