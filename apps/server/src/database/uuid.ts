const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` can be a row id. Ids are uuid columns, and PostgreSQL rejects
 * a lookup by anything else with an error; such an id simply names no row.
 */
export const isUuid = (value: string): boolean => UUID.test(value);
