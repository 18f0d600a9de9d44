
# ---- appended by tests/integration/mw-harness (test wiki settings) ----
# A throwaway wiki shaped like Meta for skillsbot's integration tests.

# Caches shared by the server's worker processes and the maintenance
# scripts the tests run, so neither sees stale sessions, rights or limits.
$wgMainCacheType = CACHE_DB;
$wgSessionCacheType = CACHE_DB;
$wgParserCacheType = CACHE_DB;

# A throwaway database: no fsync on commit. Imports and edits are I/O
# bound otherwise (300 imported pages: 45 s with fsync on a busy machine).
$wgDBservers = [ [
	'host' => '', 'user' => '', 'password' => '', 'dbname' => $wgDBname,
	'type' => 'sqlite', 'load' => 1, 'flags' => DBO_DEFAULT,
	'variables' => [ 'synchronous' => 'OFF' ],
] ];
$wgObjectCaches[CACHE_DB]['server']['variables']['synchronous'] = 'OFF';
$wgJobTypeConf['default']['server']['variables']['synchronous'] = 'OFF';
$wgLocalisationCacheConf['storeServer']['variables']['synchronous'] = 'OFF';

$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEmailAuthentication = false;
$wgEnotifUserTalk = false;
$wgEnotifWatchlist = false;

$wgShowExceptionDetails = true;
$wgEnableBotPasswords = true;

$wgMetaNamespace = 'Meta';

# Meta's Grants namespace.
define( 'NS_GRANTS', 200 );
define( 'NS_GRANTS_TALK', 201 );
$wgExtraNamespaces[NS_GRANTS] = 'Grants';
$wgExtraNamespaces[NS_GRANTS_TALK] = 'Grants_talk';
$wgNamespacesWithSubpages[NS_GRANTS] = true;
$wgNamespacesWithSubpages[NS_GRANTS_TALK] = true;
$wgNamespacesWithSubpages[NS_USER] = true;
$wgNamespacesWithSubpages[NS_USER_TALK] = true;
$wgNamespacesWithSubpages[NS_PROJECT] = true;
$wgNamespacesWithSubpages[NS_TEMPLATE] = true;

# Bots are not rate limited here (as on Wikimedia wikis) ...
$wgGroupPermissions['bot']['noratelimit'] = true;
# ... except LimitedBot: in group bot, but this group takes noratelimit
# back, and its edit limit is set below the harness's settings.
$wgGroupPermissions['limitedbot']['read'] = true;
$wgRevokePermissions['limitedbot']['noratelimit'] = true;
# Only the group limit counts for logged-in users, so Editor and the
# other accounts are not slowed down by tests running side by side.
unset( $wgRateLimits['edit']['user'] );
# Tests log in often, and some fail on purpose.
$wgPasswordAttemptThrottle = [ [ 'count' => 100, 'seconds' => 60 ] ];

# JSON content model for ROOT/Taxonomy and ROOT/Bot configuration (a
# suffix, which $wgNamespaceContentModels cannot express).
$wgHooks['ContentHandlerDefaultModelFor'][] = static function ( $title, &$model ) {
	if ( $title->getNamespace() === NS_GRANTS
		&& preg_match( '!/(Taxonomy|Bot configuration)$!', $title->getText() )
	) {
		$model = CONTENT_MODEL_JSON;
		return false;
	}
	return true;
};
