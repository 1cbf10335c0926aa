export { browseRoutes as browseModule } from './routes.js';
