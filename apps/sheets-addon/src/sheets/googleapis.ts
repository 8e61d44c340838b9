// googleapis v176's Sheets v4 module alone: the same generated client, without loading (and type-checking) every Google API.
export { auth, sheets, sheets_v4 } from 'googleapis/build/src/apis/sheets';
