/** How the demo's password is shown: a generated one is printed; one from the environment never is. */
export function demoPasswordText(r: { password: string; generated: boolean }) {
  return r.generated
    ? `${r.password}   (generated; set GOLDTHREAD_DEMO_PASSWORD to choose it)`
    : 'the one in GOLDTHREAD_DEMO_PASSWORD'
}

/** The lines printed when the demo is loaded on first start. */
export function demoSignInLines(
  port: number,
  r: { email: string; password: string; generated: boolean },
): string[] {
  return [
    '',
    '  Demo partnership "Leicestershire Together" loaded.',
    `  Sign in at http://localhost:${port}/sign-in`,
    `    email:    ${r.email}`,
    `    password: ${demoPasswordText(r)}`,
    '',
  ]
}
