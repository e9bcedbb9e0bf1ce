/**
 * The failure converter of every worker, client and workflow bundle: failure messages and stack
 * traces go into an encoded attributes payload (so the payload codec encrypts them) and the
 * history shows only "Encoded failure". Error texts can quote a post or a seller's phone.
 *
 * Loaded inside the workflow sandbox too (`failureConverterPath`), so it imports nothing but
 * @temporalio/common: no Node built-ins, no I/O.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
