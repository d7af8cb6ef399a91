import type { ComplexAttributeConverter } from 'lit';

/**
 * Converts a comma-separated attribute (`steps="page_view,view_item"`) to a string
 * array and back, trimming blanks. An empty list removes the attribute rather than
 * leaving `steps=""` behind.
 */
export const listConverter: ComplexAttributeConverter<string[]> = {
  fromAttribute: (value) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : []),
  // Lit removes the attribute when this returns null.
  toAttribute: (value) => (value?.length ? value.join(',') : null),
};

/**
 * `hasChanged` for list properties: compares contents, not identity, so that setting
 * an equal array (or re-parsing the same attribute) doesn't refetch.
 */
export function listChanged(value: readonly string[] | undefined, old: readonly string[] | undefined): boolean {
  return (value ?? []).join(',') !== (old ?? []).join(',');
}

