import { describe, expect, it } from 'vitest';
import { activeRuleset, questionCatalogue, rulesView } from '../../src/engine/index.js';
import { PURPOSE_TYPES, RECIPIENT_TYPES } from '../../src/engine/vocabulary.js';

const ids = (filter: Parameters<typeof questionCatalogue>[1]) =>
  questionCatalogue(activeRuleset, filter).map((q) => q.id);

describe('question catalogue', () => {
  it('lists every question in decision-tree order when not filtered', () => {
    const all = questionCatalogue(activeRuleset, { language: 'nl' });
    expect(all.map((q) => q.id)).toEqual(activeRuleset.data.questions.map((q) => q.id));
    expect(all.map((q) => q.order)).toEqual(all.map((_, i) => i + 1));
    expect(all[0]!.id).toBe('danger.acute');
  });

  it('filters by recipient type: police questions, not those of the GGD or a gezinsvoogd', () => {
    const police = ids({ language: 'nl', recipientType: 'police' });
    expect(police).toEqual(
      expect.arrayContaining(['danger.acute', 'crime.kind', 'consent.given', 'conflict.seriousHarm']),
    );
    expect(police).not.toContain('legal.notifiableDisease');
    expect(police).not.toContain('legal.supervisionOrder');
    expect(police).not.toContain('recipient.directlyInvolved');
    const ggd = ids({
      language: 'nl',
      recipientType: 'public_health_service',
      purposeType: 'infectious_disease_notification',
    });
    expect(ggd).toContain('legal.notifiableDisease');
    expect(ggd).not.toContain('crime.kind');
  });

  it('filters by purpose: a Wmo file check asks whether it is one, not about crimes', () => {
    const audit = ids({ language: 'nl', recipientType: 'municipality', purposeType: 'financial_audit' });
    expect(audit).toContain('legal.wmoFileCheck');
    expect(audit).not.toContain('legal.wmoMedicalRequest');
    expect(audit).not.toContain('crime.kind');
    expect(audit).not.toContain('conflict.seriousHarm');
    const treating = ids({ language: 'en', recipientType: 'treating_professional', purposeType: 'handover' });
    expect(treating).toEqual(expect.arrayContaining(['recipient.directlyInvolved', 'client.objects']));
  });

  it('a filtered list is a sub-list of the full list, in the same order', () => {
    const all = ids({ language: 'nl' });
    const some = ids({ language: 'nl', recipientType: 'veilig_thuis' });
    expect(some.length).toBeLessThan(all.length);
    expect(some).toEqual(all.filter((id) => some.includes(id)));
  });

  it('texts follow the language; views carry sources, options and the grounds they decide', () => {
    const nl = questionCatalogue(activeRuleset, { language: 'nl' });
    const en = questionCatalogue(activeRuleset, { language: 'en' });
    const suspicion = en.find((q) => q.id === 'report.suspicion')!;
    expect(suspicion.options).toEqual(['child_abuse', 'domestic_violence', 'none']);
    expect(suspicion.optionTexts!.map((o) => o.value)).toEqual(suspicion.options);
    expect(suspicion.grounds).toContain('reporting_right');
    expect(en.find((q) => q.id === 'conflict.seriousHarm')!.grounds).toEqual(
      expect.arrayContaining(['conflict_of_duties']),
    );
    expect(en.find((q) => q.id === 'request.basedOnCovenant')!.grounds).toEqual([]);
    expect(nl[0]!.text).not.toBe(en[0]!.text);
  });
});

describe('rules view', () => {
  it('lists every rule, obligation and minimisation rule with texts and sources', () => {
    const views = rulesView(activeRuleset, 'en');
    const d = activeRuleset.data;
    expect(views).toHaveLength(d.rules.length + d.obligations.length + d.minimisation.length);
    for (const v of views) {
      expect(v.title.length).toBeGreaterThan(0);
      expect(v.description.length).toBeGreaterThan(0);
      expect(v.conditionText.length).toBeGreaterThan(0);
      expect(v.sources.length).toBeGreaterThan(0);
    }
    const probation = views.find((v) => v.id === 'legal.probation')!;
    expect(probation).toMatchObject({ kind: 'route', ground: 'legal_obligation', decision: 'required' });
    expect(probation.conditionText).toContain('legal.criminalTitle');
    expect(views.find((v) => v.id === 'consent.client_consent')).toMatchObject({
      ground: 'consent',
      decision: 'allowed',
    });
    expect(views.find((v) => v.id === 'min.default')).toMatchObject({
      kind: 'minimisation',
      action: 'withhold',
    });
    expect(rulesView(activeRuleset, 'nl').find((v) => v.id === 'legal.probation')!.title).not.toBe(
      probation.title,
    );
  });
});

describe('question catalogue edge cases', () => {
  it('the first recipient type and purpose of the vocabulary filter like any other', () => {
    // Index 0 of a vocabulary list is a real value, not "none".
    const first = ids({ language: 'nl', recipientType: RECIPIENT_TYPES[0], purposeType: PURPOSE_TYPES[0] });
    expect(first.length).toBeGreaterThan(0);
    expect(ids({ language: 'nl', purposeType: PURPOSE_TYPES[0] }).length).toBeGreaterThan(0);
  });

  it('an unknown recipient type matches nothing; each call returns a fresh array of frozen views', () => {
    expect(questionCatalogue(activeRuleset, { language: 'nl', recipientType: 'neighbour' as never })).toEqual(
      [],
    );
    const a = questionCatalogue(activeRuleset, { language: 'nl' });
    const b = questionCatalogue(activeRuleset, { language: 'nl' });
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(Object.isFrozen(a[0])).toBe(true);
  });
});
