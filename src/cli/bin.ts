#!/usr/bin/env node
// The installed `crossrole` command. `crossrole credentials` runs for every AWS call made through a
// generated profile, so it is dispatched before the rest of the CLI loads: a cached session is
// printed in tens of milliseconds instead of the half second the full command set takes to load.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (process.argv[2] === 'credentials') {
  const { runCredentials } = await import('./commands/credentials.js');
  await runCredentials(process.argv);
} else {
  const { runMain } = await import('./main.js');
  await runMain();
}
