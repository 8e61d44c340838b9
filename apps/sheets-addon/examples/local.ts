// Runnable example: the real API (demo Acme), the Google fakes and the add-on; Sofia creates a scoring sheet, edits it, imports it.
import { COL, letter } from '../src/sheet/layout.ts';
import { startStack } from '../src/testing/stack.ts';

const headline = (body: unknown) =>
  JSON.stringify(body).match(/"notification":\{"text":"([^"]+)"/)?.[1] ?? '(no notification)';

async function main() {
  process.stdout.write(
    'Starting the API (temporary SQLite, demo seed), the Google token issuer, the Sheets fake and the add-on…\n',
  );
  const s = await startStack();
  try {
    const cycles = await s.api<{ items: { id: string; name: string }[] }>('GET', '/v1/cycles?phase=coach', {
      as: 'hr@acme.test',
    });
    const cycle = cycles.body.items[0];
    if (!cycle) throw new Error('no cycle in coach');
    const home = await s.invoke('home', { as: 'sofia@acme.test' });
    process.stdout.write(
      `home card for sofia@acme.test: ${JSON.stringify(home.body).length} bytes of card JSON\n`,
    );

    const created = await s.invoke('createScoringSheet', {
      as: 'sofia@acme.test',
      formInputs: { cycleId: cycle.id, scope: 'team' },
    });
    const spreadsheetId = /spreadsheets\/d\/([\w-]+)\/edit/.exec(JSON.stringify(created.body))?.[1] ?? '';
    process.stdout.write(`create scoring sheet: ${headline(created.body)} (spreadsheet ${spreadsheetId})\n`);

    // Sofia types two actuals, one of them not a number.
    const sheets = s.sheetsAs('sofia@acme.test');
    const col = letter(COL.actual);
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [
          { range: `Scores!${col}2`, values: [['123']] },
          { range: `Scores!${col}5`, values: [['about 40']] },
        ],
      },
    });
    const imported = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    process.stdout.write(`import scores: ${headline(imported.body)}\n`);
    const status = await sheets.spreadsheets.values.get({ spreadsheetId, range: `Scores!P2:P5` });
    for (const [i, row] of (status.data.values ?? []).entries())
      process.stdout.write(`  row ${i + 2}: ${row[0] ?? ''}\n`);
    const again = await s.invoke('importScores', { as: 'sofia@acme.test', spreadsheetId });
    process.stdout.write(`import again: ${headline(again.body)}\n`);
    process.stdout.write(`Sheets calls so far: ${JSON.stringify(s.sheetsCalls)}\n`);
  } finally {
    await s.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
