ALTER TABLE "strategy_versions" ADD COLUMN "public_opens_on" date;--> statement-breakpoint
ALTER TABLE "strategy_versions" ADD COLUMN "public_closes_on" date;