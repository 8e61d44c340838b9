// Bootstrap: create the "Perfloop goals" database under the parent page (or adopt a data source), complete its schema, learn the workspace.
import type { Logger } from '../log.ts';
import { UncertainWriteError } from '../notion/errors.ts';
import type { NotionOps } from '../notion/ops.ts';
import type { Directory } from '../perfloop/types.ts';
import type { SyncOptions, Workspace } from './context.ts';
import type { LeaseKeeper } from './lease.ts';
import {
  creationProperties,
  type Field,
  missingPropertyConfig,
  PROPERTY_NAMES,
  resolveSchema,
  type SchemaMap,
} from './schema.ts';
import type { ConfigState, SyncState } from './state.ts';

export class SchemaError extends Error {}

interface Deps {
  notion: NotionOps;
  state: SyncState;
  lease: LeaseKeeper;
  options: SyncOptions;
  log: Logger;
}

type DataSourceObject = {
  id: string;
  properties: Record<
    string,
    {
      id: string;
      type: string;
      relation?: { data_source_id?: string };
      select?: { options?: { name: string }[] };
    }
  >;
};

const optionNames = (ds: DataSourceObject, name: string) =>
  new Set((ds.properties[name]?.select?.options ?? []).map((o) => o.name));

/** The schema of a data source, adding the properties it lacks; a property of an unusable type is an error. */
async function completeSchema(
  deps: Deps,
  ds: DataSourceObject,
): Promise<{ schema: SchemaMap; ds: DataSourceObject }> {
  let resolved = resolveSchema(ds.properties, ds.id);
  if (resolved.wrongType.length > 0) {
    const list = resolved.wrongType.map((w) => `"${w.name}" is a ${w.type} property`).join('; ');
    throw new SchemaError(
      `The Notion data source ${ds.id} cannot be used: ${list}. Rename or remove those properties (see the README for the types the worker accepts).`,
    );
  }
  if (resolved.missing.length > 0) {
    const add = Object.fromEntries(
      resolved.missing.map((f: Field) => [PROPERTY_NAMES[f], missingPropertyConfig(f, ds.id)]),
    );
    deps.log.info(
      { dataSourceId: ds.id, adding: Object.keys(add) },
      'adding the properties the data source lacks',
    );
    const updated = (await deps.notion.updateDataSource(ds.id, add)) as DataSourceObject;
    resolved = resolveSchema(updated.properties, ds.id);
    if (resolved.missing.length > 0 || resolved.wrongType.length > 0) {
      throw new SchemaError(
        `Notion did not accept the properties ${resolved.missing.join(', ')} on ${ds.id}.`,
      );
    }
    return { schema: resolved.map as SchemaMap, ds: updated };
  }
  return { schema: resolved.map as SchemaMap, ds };
}

/** A database the worker created under the parent page (found by title after an unknown outcome). */
async function findCreatedDatabase(deps: Deps, parentPageId: string): Promise<DataSourceObject | null> {
  const candidates = (await deps.notion.childDatabases(parentPageId)).filter(
    (d) => d.title === deps.options.databaseTitle,
  );
  for (const candidate of candidates.reverse()) {
    const db = (await deps.notion.retrieveDatabase(candidate.id)) as { data_sources?: { id: string }[] };
    const dsId = db.data_sources?.[0]?.id;
    if (!dsId) continue;
    const ds = (await deps.notion.retrieveDataSource(dsId)) as DataSourceObject;
    if (ds.properties[PROPERTY_NAMES.perfloopId]?.type === 'rich_text') return ds;
  }
  return null;
}

async function createDatabase(
  deps: Deps,
  parentPageId: string,
  directory: Directory,
): Promise<DataSourceObject> {
  const config = deps.state.get<ConfigState>('config');
  if (config?.creatingDatabaseSince) {
    const found = await findCreatedDatabase(deps, parentPageId);
    if (found) return found;
  }
  deps.state.set('config', {
    databaseId: null,
    dataSourceId: null,
    creatingDatabaseSince: new Date().toISOString(),
  } satisfies ConfigState);
  await deps.state.commit(await deps.lease.ensure());
  const properties = creationProperties(
    directory.cycles.map((c) => c.name),
    directory.departments.map((d) => d.name),
  );
  let created: { id: string; data_sources?: { id: string }[] };
  try {
    created = (await deps.notion.createDatabase(
      parentPageId,
      deps.options.databaseTitle,
      properties,
    )) as typeof created;
  } catch (error) {
    if (!(error instanceof UncertainWriteError)) throw error;
    const found = await findCreatedDatabase(deps, parentPageId);
    if (found) return found;
    created = (await deps.notion.createDatabase(
      parentPageId,
      deps.options.databaseTitle,
      properties,
    )) as typeof created;
  }
  const dsId = created.data_sources?.[0]?.id;
  if (!dsId) throw new SchemaError(`Notion created database ${created.id} without a data source.`);
  deps.log.info({ databaseId: created.id, dataSourceId: dsId }, 'created the Notion database');
  // The self-relation needs the data source's id, known only now; its answer is the full schema.
  return (await deps.notion.updateDataSource(dsId, {
    [PROPERTY_NAMES.alignedTo]: missingPropertyConfig('alignedTo', dsId),
  })) as DataSourceObject;
}

/** Finds or creates the data source, completes its schema and records it in the shared state. */
export async function bootstrap(deps: Deps, directory: Directory): Promise<Workspace> {
  const me = await deps.notion.me();
  const config = deps.state.get<ConfigState>('config');
  const target = deps.options.target;
  let ds: DataSourceObject;
  if ('dataSourceId' in target) {
    ds = (await deps.notion.retrieveDataSource(target.dataSourceId)) as DataSourceObject;
  } else if (config?.dataSourceId) {
    ds = (await deps.notion.retrieveDataSource(config.dataSourceId)) as DataSourceObject;
  } else {
    ds = await createDatabase(deps, target.parentPageId, directory);
  }
  const completed = await completeSchema(deps, ds);
  const { schema } = completed;
  ds = completed.ds;
  if (config?.dataSourceId && config.dataSourceId !== ds.id) {
    // Another data source than before: what the state says about pages no longer applies.
    deps.log.warn(
      { from: config.dataSourceId, to: ds.id },
      'switching data source: forgetting the old page map',
    );
    for (const [goalId] of deps.state.goals()) deps.state.remove(`goal:${goalId}`);
    deps.state.remove('cursor');
    deps.state.remove('pull');
  }
  if (config?.dataSourceId !== ds.id || config?.creatingDatabaseSince) {
    const databaseId = (ds as { parent?: { database_id?: string } }).parent?.database_id ?? null;
    deps.state.set('config', { databaseId, dataSourceId: ds.id } satisfies ConfigState);
    await deps.state.commit(await deps.lease.ensure());
  }
  const people = await deps.notion.peopleByEmail();
  deps.log.info({ dataSourceId: ds.id, members: people.size }, 'Notion workspace ready');
  return {
    dataSourceId: ds.id,
    schema,
    botId: me.id,
    people,
    peopleLoadedAt: Date.now(),
    options: {
      department: optionNames(ds, schema.department.name),
      cycle: optionNames(ds, schema.cycle.name),
    },
  };
}
