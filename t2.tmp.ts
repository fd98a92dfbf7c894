import { criteriaFileSchema } from './src/criteria/schema.js';
const d = { format: 'parscore/criteria@1', id: 'a', title: 'x', year: 2025, groups: [{ id: 'xa', title: 'x' }], criteria: [{ id: '1', title: 'x', max: 1, rule: { kind: 'dealine' } }] };
console.log(JSON.stringify(criteriaFileSchema.safeParse(d).error?.issues, null, 1));
