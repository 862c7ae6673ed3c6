# One image for the api, the worker and the migrations (docker-compose.yml picks the command).
FROM node:20-bookworm-slim

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so that a code change does not reinstall them.
# Dev dependencies are kept on purpose: the app runs its TypeScript with tsx.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --include=dev --no-audit --no-fund && npm cache clean --force

COPY --chown=node:node . .

# Set after `npm ci`, which would otherwise leave the dev dependencies out.
ENV NODE_ENV=production

EXPOSE 3000
CMD ["npm", "run", "api"]
