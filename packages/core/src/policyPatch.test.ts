import { describe, expect, it } from 'vitest';
import { POLICY_PRESETS, PolicySchema } from './policy.ts';
import { applyPolicyChange, PolicyChangeSchema } from './policyPatch.ts';

const base = POLICY_PRESETS.control;

describe('applyPolicyChange', () => {
  it('changes only the named fields of a section; the section’s other fields and the other sections stay', () => {
    const next = PolicySchema.parse(applyPolicyChange(base, { calibration: { evidenceMinChars: 60 } }));
    expect(next.calibration).toEqual({ ...base.calibration, evidenceMinChars: 60 });
    expect({ ...next, calibration: base.calibration }).toEqual(base);
  });

  it('replaces a section’s map or list whole, and top-level values', () => {
    const next = PolicySchema.parse(
      applyPolicyChange(base, {
        name: 'Renamed',
        bonusPool: { multipliers: { '1': 0, '3': 1, '5': 2 } },
        merit: { compaBands: [1] },
      }),
    );
    expect(next.name).toBe('Renamed');
    expect(next.bonusPool).toEqual({ ...base.bonusPool, multipliers: { '1': 0, '3': 1, '5': 2 } });
    expect(next.merit).toEqual({ ...base.merit, compaBands: [1] });
  });

  it('leaves its arguments unchanged', () => {
    const before = structuredClone(base);
    const change = { coaching: { graceDays: 5 } };
    applyPolicyChange(base, change);
    expect(base).toEqual(before);
    expect(change).toEqual({ coaching: { graceDays: 5 } });
  });

  it('a section’s cross-field rule is checked on the result, not on the change', () => {
    const broken = PolicySchema.safeParse(applyPolicyChange(base, { goalMix: { kpi: 90 } }));
    expect(broken.success).toBe(false);
    expect(broken.error?.issues.map((i) => i.path.join('.'))).toContain('goalMix');
    const fine = PolicySchema.parse(applyPolicyChange(base, { goalMix: { kpi: 90, competency: 10 } }));
    expect(fine.goalMix).toEqual({ kpi: 90, competency: 10, tolerance: base.goalMix.tolerance });
  });
});

describe('PolicyChangeSchema', () => {
  it('accepts any subset of a section’s fields and adds no defaults for the unsent ones', () => {
    expect(PolicyChangeSchema.parse({ coaching: { cadence: 'weekly' } })).toEqual({
      coaching: { cadence: 'weekly' },
    });
    expect(PolicyChangeSchema.parse({ feedback: { minChars: 10 } })).toEqual({ feedback: { minChars: 10 } });
  });

  it('refuses unknown fields, at the top and in a section, and wrong types, naming the path', () => {
    const unknownTop = PolicyChangeSchema.safeParse({ colour: 'blue' });
    expect(unknownTop.success).toBe(false);
    const unknownField = PolicyChangeSchema.safeParse({ coaching: { cadense: 'weekly' } });
    expect(unknownField.success).toBe(false);
    expect(unknownField.error?.issues[0]?.path).toEqual(['coaching']);
    const wrongType = PolicyChangeSchema.safeParse({ calibration: { evidenceMinChars: 'forty' } });
    expect(wrongType.error?.issues[0]?.path).toEqual(['calibration', 'evidenceMinChars']);
  });
});
