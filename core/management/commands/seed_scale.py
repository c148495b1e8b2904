import time

from django.core.management.base import BaseCommand, CommandError

from core.scale import Generator, Sizes, has_scale_data, scale_reset

DEFAULTS = Sizes()


class Command(BaseCommand):
    help = (
        "Generate network-scale data with bulk inserts (by default 3,000 organisations, 30,000 people, "
        "1,000 programmes, 20,000 sessions, 60,000 needs-assessment responses, 300,000 evaluation answers). "
        "The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator (default 1).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every size, e.g. 0.01 for a quick run (default 1)."
        )
        for name in ("organisations", "people", "programmes", "sessions", "responses", "answers"):
            parser.add_argument(
                f"--{name}",
                type=int,
                default=None,
                help=f"How many {name} (default {getattr(DEFAULTS, name):,}, times --scale).",
            )
        parser.add_argument(
            "--password", default="scale-password", help="Password of every generated person (default scale-password)."
        )
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--append", action="store_true", help="Add to the scale data already there (another seed).")
        what.add_argument("--reset", action="store_true", help="Delete the scale data already there first.")

    def handle(self, *args, seed, scale, password, append, reset, **options):
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        sizes = DEFAULTS.scaled(scale)
        chosen = {name: options[name] for name in vars(sizes) if options.get(name) is not None}
        for name, value in chosen.items():
            if value < 0:
                raise CommandError(f"--{name} cannot be negative.")
        sizes = Sizes(**{**vars(sizes), **chosen})
        if sizes.organisations < 2 or sizes.people < 10 or sizes.programmes < 1:
            raise CommandError("Give at least 2 organisations, 10 people and 1 programme.")

        started = time.monotonic()
        if reset:
            self.stdout.write("Deleting the scale data already there…")
            scale_reset()
        elif has_scale_data(seed):
            raise CommandError(
                f"This database already holds scale data of seed {seed}. Use --reset to replace it, "
                "or --append with another --seed to add to it."
            )
        elif has_scale_data() and not append:
            raise CommandError(
                "This database already holds scale data. Use --reset to replace it, or --append to add to it."
            )

        self.stdout.write(f"Generating with seed {seed}: " + ", ".join(f"{k} {v:,}" for k, v in vars(sizes).items()))
        counts = Generator(seed=seed, sizes=sizes, password=password, out=self.stdout.write).run()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values()):,} rows in {elapsed:.1f}s."))
        for table, count in counts.items():
            self.stdout.write(f"  {table:40} {count:>10,}")
        self.stdout.write(f"Every generated person (scale-{seed}-N@example.org) has the password: {password}")
