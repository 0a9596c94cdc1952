// Checks a JUnit document against the Jenkins JUnit schema (jenkins-junit.xsd beside this file)
// with libxml2's xmllint, the way a consumer would read it. Used by the tests; CI installs
// xmllint (scripts/install-deps.sh: libxml2-utils).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const JENKINS_XSD = join(dirname(fileURLToPath(import.meta.url)), 'jenkins-junit.xsd');

/** xmllint's verdict on `xml` (text) against the schema: exit code 0 = valid; its messages. */
export function xmllint(xml: string, xsd = JENKINS_XSD): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn('xmllint', ['--noout', '--schema', xsd, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', (e) => done({ code: null, out: e.message }));
    child.on('close', (code) => done({ code, out }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(xml);
  });
}

/** True when an xmllint binary can be run. */
export function xmllintPresent(): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn('xmllint', ['--version'], { stdio: 'ignore' });
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
}
