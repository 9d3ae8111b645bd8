/**
 * The version of the document renderers (.docx and UBL). Rendering a snapshot again gives the same
 * bytes only with the renderer that made them: `verify` renders again the documents of this
 * version, and checks the stored bytes of older ones against their recorded hashes. Bump it with
 * every change that changes the bytes rendered from the same snapshot.
 *
 * 1: the first recorded version (the document period of a UBL spans its lines' periods,
 *    PEPPOL-EN16931-R110/R111; one note per credit note, R002).
 */
export const DOCUMENT_RENDERER = 1;
