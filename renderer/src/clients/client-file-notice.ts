import type { ClientFileProblem } from '../../../shared/client-contract';
import type { ClientsMessages } from '../i18n/clients-messages';

/** What the Clients view says when `clients.json` could not be read at start: what happened and where the file is. */
export function clientFileNotice(problem: ClientFileProblem, texts: ClientsMessages): { heading: string; body: string } {
  return { heading: texts.fileProblem.heading, body: texts.fileProblem.body[problem.kind](problem.filePath, problem.backupPath) };
}
