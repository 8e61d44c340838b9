// The "Perfloop goals" data source: the properties the worker keeps, the types it accepts when adopting, and how to create them.
export const FIELDS = [
  'title',
  'perfloopId',
  'owner',
  'ownerName',
  'department',
  'cycle',
  'weight',
  'target',
  'actual',
  'unit',
  'progress',
  'status',
  'notes',
  'due',
  'alignedTo',
  'lastSynced',
  'lastEditedBy',
] as const;
export type Field = (typeof FIELDS)[number];

/** Default property names (an adopted data source may name the title differently). */
export const PROPERTY_NAMES: Record<Field, string> = {
  title: 'Name',
  perfloopId: 'Perfloop id',
  owner: 'Owner',
  ownerName: 'Owner name',
  department: 'Department',
  cycle: 'Cycle',
  weight: 'Weight',
  target: 'Target',
  actual: 'Actual',
  unit: 'Unit',
  progress: 'Progress',
  status: 'Status',
  notes: 'Notes',
  due: 'Due',
  alignedTo: 'Aligned to',
  lastSynced: 'Last synced',
  lastEditedBy: 'Last edited by',
};

/** Property types accepted per field (the first is what the worker creates). */
export const ACCEPTED_TYPES: Record<Field, readonly string[]> = {
  title: ['title'],
  perfloopId: ['rich_text'],
  owner: ['people'],
  ownerName: ['rich_text'],
  department: ['select', 'rich_text'],
  cycle: ['select', 'rich_text'],
  weight: ['number'],
  target: ['number'],
  actual: ['number', 'rich_text'],
  unit: ['rich_text'],
  progress: ['number'],
  status: ['select', 'status'],
  notes: ['rich_text'],
  due: ['date'],
  alignedTo: ['relation'],
  lastSynced: ['date'],
  lastEditedBy: ['last_edited_by'],
};

/** Perfloop's goal statuses as Notion option names. */
export const STATUS_NAMES = {
  draft: 'Draft',
  active: 'Active',
  done: 'Done',
  cancelled: 'Cancelled',
} as const;

/** Fields managers may edit in Notion; the others are Perfloop's (an edit there is put back). */
export const EDITABLE: ReadonlySet<Field> = new Set(['actual', 'status', 'notes']);
/** Computed by the worker: put back silently when changed in Notion. */
export const COMPUTED: ReadonlySet<Field> = new Set(['progress', 'lastSynced']);

/** The resolved schema of the data source in use: property name and type per field. */
export type SchemaMap = Record<Field, { name: string; type: string; id: string }>;

/** Property configs for creating the database (the self-relation is added once the data source id is known). */
export function creationProperties(
  cycles: readonly string[],
  departments: readonly string[],
): Record<string, unknown> {
  const options = (names: readonly string[]) => ({ options: [...new Set(names)].map((name) => ({ name })) });
  return {
    [PROPERTY_NAMES.title]: { title: {} },
    [PROPERTY_NAMES.perfloopId]: { rich_text: {} },
    [PROPERTY_NAMES.owner]: { people: {} },
    [PROPERTY_NAMES.ownerName]: { rich_text: {} },
    [PROPERTY_NAMES.department]: { select: options(departments) },
    [PROPERTY_NAMES.cycle]: { select: options(cycles) },
    [PROPERTY_NAMES.weight]: { number: { format: 'number' } },
    [PROPERTY_NAMES.target]: { number: { format: 'number' } },
    [PROPERTY_NAMES.actual]: { number: { format: 'number' } },
    [PROPERTY_NAMES.unit]: { rich_text: {} },
    [PROPERTY_NAMES.progress]: { number: { format: 'percent' } },
    [PROPERTY_NAMES.status]: {
      select: {
        options: [
          { name: STATUS_NAMES.draft, color: 'gray' },
          { name: STATUS_NAMES.active, color: 'blue' },
          { name: STATUS_NAMES.done, color: 'green' },
          { name: STATUS_NAMES.cancelled, color: 'red' },
        ],
      },
    },
    [PROPERTY_NAMES.notes]: { rich_text: {} },
    [PROPERTY_NAMES.due]: { date: {} },
    [PROPERTY_NAMES.lastSynced]: { date: {} },
    // Lets the pull skip pages the worker itself edited last (see pull.ts).
    [PROPERTY_NAMES.lastEditedBy]: { last_edited_by: {} },
  };
}

/** The config of one missing property (when adopting a data source that lacks it). */
export function missingPropertyConfig(field: Field, dataSourceId: string): Record<string, unknown> {
  if (field === 'alignedTo') return { relation: { data_source_id: dataSourceId, single_property: {} } };
  const all = creationProperties([], []);
  return all[PROPERTY_NAMES[field]] as Record<string, unknown>;
}

/**
 * Matches a data source's properties to the fields: by default name first, then (title only) by type.
 * Returns the map and the fields that are missing or have a type the worker cannot use.
 */
export function resolveSchema(
  properties: Record<string, { id: string; type: string; relation?: { data_source_id?: string } }>,
  dataSourceId: string,
): { map: Partial<SchemaMap>; missing: Field[]; wrongType: { field: Field; name: string; type: string }[] } {
  const map: Partial<SchemaMap> = {};
  const missing: Field[] = [];
  const wrongType: { field: Field; name: string; type: string }[] = [];
  for (const field of FIELDS) {
    let name = PROPERTY_NAMES[field];
    let prop = properties[name];
    if (field === 'title' && prop?.type !== 'title') {
      const found = Object.entries(properties).find(([, p]) => p.type === 'title');
      if (found) [name, prop] = found;
    }
    if (!prop) {
      missing.push(field);
      continue;
    }
    const okRelation = field !== 'alignedTo' || prop.relation?.data_source_id === dataSourceId;
    if (!ACCEPTED_TYPES[field].includes(prop.type) || !okRelation) {
      wrongType.push({ field, name, type: prop.type });
      continue;
    }
    map[field] = { name, type: prop.type, id: prop.id };
  }
  return { map, missing, wrongType };
}
