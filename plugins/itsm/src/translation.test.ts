import { itsmTranslationRef, itsmTranslations } from './translation';
import de from './translations/de';

describe('translations', () => {
  const english = (itsmTranslationRef as any).getDefaultMessages() as Record<
    string,
    string
  >;

  it('has a German message for every key, with the same placeholders', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(english).sort());
    const placeholders = (s: string) =>
      (s.match(/{{\s*\w+\s*}}/g) ?? []).sort();
    for (const [key, message] of Object.entries(english)) {
      expect([key, placeholders((de as Record<string, string>)[key])]).toEqual([
        key,
        placeholders(message),
      ]);
    }
  });

  it('ships German as a lazily loaded resource', async () => {
    expect(itsmTranslations.id).toBe('itsm');
    const resource = (itsmTranslationRef as any).getDefaultResource();
    const loaded = await resource.resources
      .find((r: any) => r.language === 'de')
      .loader();
    expect(loaded.messages['page.title']).toBe('IT-Service-Management');
  });
});
