/** npm run migrate: creates the application database if missing and applies the migrations. */
import { loadConfig } from '../infra/config';
import { migrate } from '../infra/db';

migrate(loadConfig().databaseUrl, (line) => console.log(line)).catch((err) => {
  console.error(`migration failed: ${(err as Error).message}`);
  process.exit(1);
});
