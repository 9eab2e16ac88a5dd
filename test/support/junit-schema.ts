/**
 * JUnit XML checked as CI tools check it: against the JUnit schema Jenkins' xUnit plugin
 * validates with (junit-10.xsd beside this file; its source is noted at its top), by libxml2's
 * xmllint compiled to WebAssembly (xmllint-wasm: no system package needed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { validateXML } from 'xmllint-wasm';

const SCHEMA = readFileSync(join(__dirname, 'junit-10.xsd'), 'utf8');

/** xmllint's complaints about the document, none when it is valid. */
export const junitSchemaErrors = async (
  xml: string,
  fileName = 'report.xml',
): Promise<string[]> => {
  const result = await validateXML({
    xml: [{ fileName, contents: xml }],
    schema: [{ fileName: 'junit-10.xsd', contents: SCHEMA }],
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
};

export const parseXml = (xml: string): Document =>
  new DOMParser({
    onError: (level, message) => {
      throw new Error(`not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(xml, 'text/xml');

/** Every element of that name, in document order. */
export const elements = (doc: Document | Element, name: string): Element[] =>
  Array.from(doc.getElementsByTagName(name));
